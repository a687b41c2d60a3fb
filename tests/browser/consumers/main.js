// A new user's app: the README's three lines, nothing else. The test reads window.result.
import { QaEngine } from 'korean-qa';

async function main() {
  const qa = await QaEngine.load({ model: '/model/' });
  const answers = await qa.answer('한글날은 언제인가?', '한글날은 해마다 10월 9일이다.');
  return { threads: qa.threads, backend: qa.backend, detail: qa.backendDetail, simd: qa.simd, answers };
}

main().then(
  (r) => (window.result = r),
  (e) => (window.result = { error: `${e.code}: ${e.message}` }),
);
