import type { GradingErrorKind } from '../../graders/grading/types.ts';

export const RESULT_TEXT = {
  zh: {
    passed: '全部通过',
    failed: (passed: number, total: number) => `通过 ${passed} / ${total} 项检查`,
    backend: (name: string) => `运行后端：${name}`,
    diagnosis: '诊断',
    timeLimit: (s: number) =>
      `运行超过 ${s} 秒仍未结束，已停止（是否有死循环或永不结束的 Promise？）。可以修改后再试。`,
    stages: { loading: '载入练习数据…', compiling: '编译代码…', checking: '运行检查…' },
    errors: {
      compile: '编译错误',
      runtime: '运行时错误',
      'missing-export': '缺少导出',
      'time-limit': '超时',
      'memory-limit': '内存超限',
      'log-limit': '输出过多',
      forbidden: '禁止的访问',
      crash: '评测出错',
    } satisfies Record<GradingErrorKind, string>,
    yours: '你的结果',
    expected: '期望结果',
    leak: '越过掩码的权重',
    differs: '与期望不同',
    feedback: '浏览器中的评测只用于即时反馈，成绩以服务器的评测为准。',
    server: {
      label: '服务器评分',
      sending: '正在提交…',
      waiting: (id: number) => `提交 #${id} 正在服务器上排队评测…`,
      elapsed: (s: number) => `（${s} 秒）`,
      passed: (score: number) => `通过（得分 ${Math.round(score * 100)}%）`,
      failed: (score: number, passed: number, total: number) =>
        `未通过：得分 ${Math.round(score * 100)}%（通过 ${passed} / ${total} 项检查）`,
      gradingFailed: '服务器多次尝试都没能评测这次提交，请稍后再提交一次。',
      noVerdictYet: '服务器还没有给出评分；评分完成后会显示在学习进度页上。',
      details: (id: number, version: string, seed: number | string) =>
        `提交 #${id} · 评测程序版本 ${version} · 随机种子 ${seed}`,
      signInFirst: '提交作业需要先登录，服务器会评分并记入你的账户。',
      signInLink: '登录或注册',
    },
  },
  en: {
    passed: 'All checks passed',
    failed: (passed: number, total: number) => `${passed} of ${total} checks passed`,
    backend: (name: string) => `Backend: ${name}`,
    diagnosis: 'Diagnosis',
    timeLimit: (s: number) =>
      `Still running after ${s} s, so it was stopped (an infinite loop, or a promise that never settles?). Edit and run again.`,
    stages: {
      loading: 'Loading the exercise…',
      compiling: 'Compiling your code…',
      checking: 'Running the checks…',
    },
    errors: {
      compile: 'Compile error',
      runtime: 'Runtime error',
      'missing-export': 'Missing export',
      'time-limit': 'Time limit',
      'memory-limit': 'Memory limit',
      'log-limit': 'Too much output',
      forbidden: 'Forbidden access',
      crash: 'Grader failure',
    } satisfies Record<GradingErrorKind, string>,
    yours: 'Yours',
    expected: 'Expected',
    leak: 'weight past the mask',
    differs: 'differs from expected',
    feedback: 'Grading in the browser is instant feedback; the server’s grading is the record.',
    server: {
      label: 'Server verdict',
      sending: 'Submitting…',
      waiting: (id: number) => `Submission #${id} is waiting for the server’s grading…`,
      elapsed: (s: number) => `(${s} s)`,
      passed: (score: number) => `Passed (score ${Math.round(score * 100)}%)`,
      failed: (score: number, passed: number, total: number) =>
        `Not passed: score ${Math.round(score * 100)}% (${passed} of ${total} checks passed)`,
      gradingFailed:
        'The server could not grade this submission after several tries; submit it again later.',
      noVerdictYet:
        'No verdict from the server yet; it will appear on the progress page once graded.',
      details: (id: number, version: string, seed: number | string) =>
        `Submission #${id} · grader version ${version} · seed ${seed}`,
      signInFirst: 'Sign in to submit: the server grades your code and keeps the result.',
      signInLink: 'Sign in or create an account',
    },
  },
} as const;

export const BACKEND_NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (JavaScript)',
};
