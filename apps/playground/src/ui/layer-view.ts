import type { LayerPictures } from '../protocol.ts';
import { drawImageGrid } from './image-grid.ts';

/** conv1's filters and the feature maps of the chosen test image. */
export function renderLayerPictures(
  el: {
    filters: HTMLCanvasElement;
    testImage: HTMLCanvasElement;
    maps1: HTMLCanvasElement;
    maps2: HTMLCanvasElement;
    label: HTMLElement;
    predicted: HTMLElement;
  },
  p: LayerPictures,
): void {
  drawImageGrid(el.filters, p.filters, { count: 20, h: 5, w: 5, cols: 10, colormap: 'diverging' });
  drawImageGrid(el.testImage, p.image, { count: 1, h: 28, w: 28, cols: 1, colormap: 'gray', gap: 0 });
  drawImageGrid(el.maps1, p.featureMaps, { count: 20, h: 28, w: 28, cols: 10, colormap: 'gray' });
  drawImageGrid(el.maps2, p.featureMaps2, { count: 50, h: 14, w: 14, cols: 10, colormap: 'gray' });
  const probs = Array.from(p.probabilities);
  const predicted = probs.indexOf(Math.max(...probs));
  el.label.textContent = String(p.label);
  el.predicted.textContent = `${predicted} (${(probs[predicted]! * 100).toFixed(0)}%)`;
}
