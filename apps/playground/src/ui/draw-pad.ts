/**
 * A canvas to draw a digit on with a mouse, a pen or a finger (pointer events cover all three;
 * `touch-action: none` in the CSS keeps a finger from scrolling the page). White ink on black,
 * as MNIST stores digits. `onChange` runs while drawing (once per frame) and when a stroke ends.
 */
export class DrawPad {
  readonly #canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  #last: { x: number; y: number } | null = null;
  #frame = 0;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly onChange: () => void,
  ) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      this.#last = this.#point(e);
      this.#stroke(this.#last, this.#last);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.#last) return;
      const p = this.#point(e);
      this.#stroke(this.#last, p);
      this.#last = p;
    });
    const end = () => {
      if (!this.#last) return;
      this.#last = null;
      this.onChange();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.#ctx.fillStyle = '#000';
    this.#ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
  }

  /** The drawing as ink in [0, 1] per canvas pixel (the red channel: the ink is white). */
  ink(): { ink: Float32Array; width: number; height: number } {
    const { width, height } = this.#canvas;
    const rgba = this.#ctx.getImageData(0, 0, width, height).data;
    const ink = new Float32Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4]! / 255;
    return { ink, width, height };
  }

  /** A pointer event's position in canvas pixels (the canvas may be scaled by CSS). */
  #point(e: PointerEvent): { x: number; y: number } {
    const r = this.#canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * this.#canvas.width) / r.width, y: ((e.clientY - r.top) * this.#canvas.height) / r.height };
  }

  #stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const ctx = this.#ctx;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = this.#canvas.width / 12;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    if (!this.#frame) {
      this.#frame = requestAnimationFrame(() => {
        this.#frame = 0;
        this.onChange();
      });
    }
  }
}
