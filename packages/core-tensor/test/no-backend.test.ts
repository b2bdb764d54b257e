import { describe, expect, it } from 'vitest';
import { zeros } from '../src/index.js';

describe('without a backend package', () => {
  it('the first op says no backend was set or imported, and how to get one', () => {
    expect(() => zeros([2])).toThrow(
      /^getBackend: no backend is set and no backend package was imported\. .*import \{ cpu \} from '@stride\/kernels-cpu'/,
    );
  });
});
