export type UiLang = 'zh' | 'en';

/** The page's language from its path: English under /en/, Chinese elsewhere. */
export function langOf(url: URL): UiLang {
  return url.pathname === '/en' || url.pathname.startsWith('/en/') ? 'en' : 'zh';
}

/** The link prefix of a language: '' for Chinese (the root), '/en' for English. */
export function prefixOf(lang: UiLang): string {
  return lang === 'en' ? '/en' : '';
}

/** The exercise widget's words. */
export const WIDGET_TEXT = {
  zh: {
    run: '运行测试',
    running: '评测中…',
    reset: '重置代码',
    resetConfirm: '确定要把代码恢复为初始模板吗？当前代码会丢失。',
    hint: '显示提示',
    noMoreHints: '没有更多提示了',
    editorLabel: '代码编辑器',
    signature: '要导出的函数',
    hints: '提示',
    results: '评测结果',
    shortcut: 'Ctrl/⌘ + Enter 运行；在编辑器中按 Ctrl + M 后，Tab 键可移出编辑器',
    page: '单独打开这道练习',
    submit: '提交',
    submitting: '提交中…',
  },
  en: {
    run: 'Run tests',
    running: 'Grading…',
    reset: 'Reset code',
    resetConfirm: 'Put the starter code back? Your current code will be lost.',
    hint: 'Show a hint',
    noMoreHints: 'No more hints',
    editorLabel: 'Code editor',
    signature: 'Functions to export',
    hints: 'Hints',
    results: 'Results',
    shortcut: 'Ctrl/⌘ + Enter runs; in the editor, Ctrl + M lets Tab move out of it',
    page: 'Open this exercise on its own page',
    submit: 'Submit',
    submitting: 'Submitting…',
  },
} as const;

/** The words of the account page (/account/, /en/account/) and its script. */
export const ACCOUNT_TEXT = {
  zh: {
    title: '账户',
    signIn: '登录',
    signUp: '注册新账户',
    signUpNote: '注册后，你在这个浏览器里的练习进度会并入账户，之后的进度保存在服务器上。',
    email: '电子邮件',
    name: '姓名',
    password: '密码',
    passwordRule: '至少 8 个字符',
    working: '请稍候…',
    you: '你的账户',
    role: '角色',
    roles: { learner: '学员', teacher: '教师', admin: '管理员' },
    signOut: '退出登录',
    changePassword: '修改密码',
    currentPassword: '当前密码',
    newPassword: '新密码',
    passwordChanged: '密码已修改；其他设备上的登录都已失效。',
    tokens: 'API 令牌',
    tokensNote: '用个人 API 令牌可以在终端里提交作业：',
    tokenName: '令牌名称',
    tokenPlaceholder: '例如：笔记本电脑',
    createToken: '创建令牌',
    newToken: '新令牌如下。它只显示这一次，请现在复制并妥善保存：',
    copy: '复制',
    copied: '已复制',
    noTokens: '还没有令牌。',
    tokenColumns: {
      name: '名称',
      prefix: '开头',
      created: '创建于',
      lastUsed: '最近使用',
      actions: '操作',
    },
    never: '从未',
    deleteToken: (name: string) => `删除令牌“${name}”`,
    deleteLabel: '删除',
    deleteConfirm: (name: string) => `删除令牌“${name}”？用它的命令会立刻失效。`,
    tokenDeleted: (name: string) => `令牌“${name}”已删除。`,
    loading: '载入中…',
  },
  en: {
    title: 'Account',
    signIn: 'Sign in',
    signUp: 'Create an account',
    signUpNote:
      'Once you have an account, the progress this browser kept joins it, and your progress is kept on the server.',
    email: 'Email',
    name: 'Name',
    password: 'Password',
    passwordRule: 'At least 8 characters',
    working: 'Please wait…',
    you: 'Your account',
    role: 'Role',
    roles: { learner: 'Learner', teacher: 'Teacher', admin: 'Administrator' },
    signOut: 'Sign out',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    passwordChanged: 'Password changed; you were signed out everywhere else.',
    tokens: 'API tokens',
    tokensNote: 'A personal API token lets you submit homework from a terminal:',
    tokenName: 'Token name',
    tokenPlaceholder: 'for example: laptop',
    createToken: 'Create token',
    newToken: 'Your new token. It is shown this once only: copy it now and keep it safe.',
    copy: 'Copy',
    copied: 'Copied',
    noTokens: 'No tokens yet.',
    tokenColumns: {
      name: 'Name',
      prefix: 'Starts with',
      created: 'Created',
      lastUsed: 'Last used',
      actions: 'Actions',
    },
    never: 'never',
    deleteToken: (name: string) => `Delete the token “${name}”`,
    deleteLabel: 'Delete',
    deleteConfirm: (name: string) =>
      `Delete the token “${name}”? Commands that use it stop working at once.`,
    tokenDeleted: (name: string) => `The token “${name}” was deleted.`,
    loading: 'Loading…',
  },
} as const;

/** What the API's errors mean to a learner; the API's own message (English) is the fallback. */
export const API_ERROR_TEXT = {
  zh: {
    network: '连不上服务器，请检查网络后再试。',
    server: '服务器出错了，请稍后再试。',
    'wrong-credentials': '电子邮件或密码不对。',
    'too-many-attempts': (minutes: number) => `登录失败次数过多，请 ${minutes} 分钟后再试。`,
    'sign-up-refused': '这个地址不能注册；如果它是你的，请直接登录。',
    'wrong-password': '当前密码不对。',
    'signed-out': '你已退出登录，请重新登录。',
    'too-large': '内容太大（代码最多 64 KB）。',
    invalid: (message: string) => `请检查输入：${message}`,
    refused: (message: string) => `服务器拒绝了请求：${message}`,
  },
  en: {
    network: 'Could not reach the server; check your connection and try again.',
    server: 'The server failed; try again in a moment.',
    'wrong-credentials': 'Wrong email or password.',
    'too-many-attempts': (minutes: number) =>
      `Too many failed sign-ins; try again in ${minutes} min.`,
    'sign-up-refused': 'This address cannot sign up; if it is yours, sign in.',
    'wrong-password': 'The current password is wrong.',
    'signed-out': 'You are signed out; sign in again.',
    'too-large': 'Too large (code may have at most 64 KB).',
    invalid: (message: string) => `Please check: ${message}`,
    refused: (message: string) => `The server refused: ${message}`,
  },
} as const;

/** The progress page's words. */
export const PROGRESS_TEXT = {
  zh: {
    title: '学习进度',
    exercise: '练习',
    status: '状态',
    runs: '运行次数',
    none: '未开始',
    passed: '已通过',
    tried: '最好成绩',
    note: '进度只保存在这个浏览器里。',
    signInNote: '登录后，进度会保存在服务器上，换设备也不会丢失：',
    account: '登录或注册',
    serverNote: (name: string) =>
      `${name} 的进度，以服务器的评分为准（浏览器中的运行只计入运行次数）。`,
    best: '最好的服务器评分',
    submissions: '提交次数',
    last: '最近一次提交',
    notSubmitted: '未提交',
    pending: '评分中',
    gradingFailed: '评测失败',
  },
  en: {
    title: 'Your progress',
    exercise: 'Exercise',
    status: 'Status',
    runs: 'Runs',
    none: 'not started',
    passed: 'passed',
    tried: 'best score',
    note: 'Kept in this browser only.',
    signInNote: 'Sign in and your progress is kept on the server, on every device:',
    account: 'sign in or create an account',
    serverNote: (name: string) =>
      `${name}’s progress as the server graded it (runs in the browser count as runs only).`,
    best: 'Best server score',
    submissions: 'Submissions',
    last: 'Last submission',
    notSubmitted: 'not submitted',
    pending: 'being graded',
    gradingFailed: 'grading failed',
  },
} as const;
