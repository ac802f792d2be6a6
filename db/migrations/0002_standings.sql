CREATE TABLE "assignment_standings" (
	"assignment_id" bigint NOT NULL,
	"user_id" text NOT NULL,
	"exercise_id" text NOT NULL,
	"status" text NOT NULL,
	"score" double precision,
	"raw_score" double precision,
	"late" boolean NOT NULL,
	"submitted_at" timestamp with time zone,
	"attempts" integer NOT NULL,
	"counted_id" bigint,
	"graded" integer NOT NULL,
	"until_pass" integer,
	"mistakes" jsonb NOT NULL,
	CONSTRAINT "assignment_standings_assignment_id_user_id_exercise_id_pk" PRIMARY KEY("assignment_id","user_id","exercise_id")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "standings_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "assignment_standings" ADD CONSTRAINT "assignment_standings_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_standings" ADD CONSTRAINT "assignment_standings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;