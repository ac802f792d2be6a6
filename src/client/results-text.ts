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
  },
} as const;

export const BACKEND_NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU (JavaScript)',
};
