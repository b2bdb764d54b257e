/**
 * Ten bars, one per digit, in `container`: each a row with the digit, a bar as wide as its
 * probability and the percentage; the most likely digit is highlighted. The values are also kept
 * in `data-probability` attributes, which the browser test reads.
 */
export function renderProbabilities(container: HTMLElement, probabilities: ArrayLike<number> | null): void {
  if (container.childElementCount !== 10) {
    container.replaceChildren(
      ...Array.from({ length: 10 }, (_, d) => {
        const row = document.createElement('div');
        row.className = 'prob-row';
        row.innerHTML = `<span class="prob-digit">${d}</span><span class="prob-track"><span class="prob-bar"></span></span><span class="prob-value"></span>`;
        return row;
      }),
    );
  }
  const values = probabilities ? Array.from(probabilities) : [];
  const best = values.length ? values.indexOf(Math.max(...values)) : -1;
  Array.from(container.children).forEach((row, d) => {
    const p = values[d] ?? 0;
    (row as HTMLElement).dataset.probability = String(p);
    row.classList.toggle('best', d === best);
    (row.querySelector('.prob-bar') as HTMLElement).style.width = `${(p * 100).toFixed(1)}%`;
    row.querySelector('.prob-value')!.textContent = probabilities ? `${(p * 100).toFixed(1)}%` : '';
  });
}
