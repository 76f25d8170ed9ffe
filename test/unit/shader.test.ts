import { describe, expect, it } from 'vitest';
import { composeShader, formatF32, shaderNames, shaderSource } from '../../src/gpu/shader.js';

describe('shader composition', () => {
  it('finds the shared fragments', () => {
    expect(shaderNames()).toContain('lib/philox.wgsl');
    expect(shaderSource('lib/philox.wgsl')).toMatch(/fn philox4x32/);
  });

  it('formats f32 literals WGSL accepts', () => {
    expect(formatF32(1)).toBe('1.0');
    expect(formatF32(0.5)).toBe('0.5');
    expect(formatF32(1e-30)).toMatch(/e/);
  });

  it('resolves includes once, conditionals and substitutions', () => {
    const out = composeShader('test/compose.wgsl', { USE_A: true, N: 64 });
    expect(out.match(/fn philox4x32/g)?.length).toBe(1);
    expect(out).toContain('let a = 1;');
    expect(out).not.toContain('let b = 2;');
    expect(out).toContain('@workgroup_size(64)');
    const out2 = composeShader('test/compose.wgsl', { USE_A: false, N: 32 });
    expect(out2).not.toContain('let a = 1;');
    expect(out2).toContain('let b = 2;');
  });

  it('rejects a missing substitution', () => {
    expect(() => composeShader('test/compose.wgsl', { USE_A: true })).toThrow(/no value for \{\{N\}\}/);
  });
});
