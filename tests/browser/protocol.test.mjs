// How errors are classified where they cross into the caller's hands (js/protocol.js), in Node:
// only a trap breaks an engine; what JS throws around a call is the caller's INVALID_INPUT; a
// DOMException's numeric `code` is never taken for one of ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasCode, isTrap, serializeError, trapError } from '../../js/protocol.js';

test('our codes pass, a trap is INTERNAL_ERROR, anything else thrown around a call is INVALID_INPUT', () => {
  assert.deepEqual(serializeError(Object.assign(new Error('bad'), { code: 'INVALID_OPTIONS' })), { message: 'bad', code: 'INVALID_OPTIONS' });
  const trap = new WebAssembly.RuntimeError('unreachable');
  assert.ok(isTrap(trap));
  assert.deepEqual(serializeError(trap, 'panicked at src/x.rs'), { message: 'internal error: panicked at src/x.rs', code: 'INTERNAL_ERROR' });
  assert.equal(serializeError(trap).message, 'internal error: unreachable');
  // A DataCloneError (code 25) from postMessage, a TypeError from converting an argument, a string.
  const clone = new DOMException('could not be cloned', 'DataCloneError');
  assert.equal(clone.code, 25);
  assert.equal(hasCode(clone), false);
  for (const err of [clone, new TypeError('object null is not iterable'), 'thrown string', undefined]) {
    const e = serializeError(err, 'an old panic');
    assert.equal(e.code, 'INVALID_INPUT', String(err));
    assert.doesNotMatch(e.message, /old panic/);
  }
  assert.match(serializeError(clone).message, /DataCloneError: could not be cloned/);
  assert.deepEqual(trapError('the worker died'), { message: 'internal error: the worker died', code: 'INTERNAL_ERROR' });
});
