/**
 * The one index map that runs a sliding window backwards, shared by the convolution and
 * pooling gathers: along one dim, the output index whose tap k (dilation d, stride s, `pad`
 * before) lands on input index i, or -1 where none does (between strides, or outside).
 */
export const WINDOW_WGSL = /* wgsl */ `
fn window_out_index(i: u32, k: u32, s: u32, d: u32, pad: i32, size: u32) -> i32 {
  let num = i32(i) + pad - i32(k * d);
  if (num < 0 || num % i32(s) != 0) { return -1; }
  let o = num / i32(s);
  if (o >= i32(size)) { return -1; }
  return o;
}
`;
