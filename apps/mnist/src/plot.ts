import type { EpochStats } from './train.js';

function polyline(
  values: number[],
  x0: number,
  y0: number,
  w: number,
  h: number,
  lo: number,
  hi: number,
): string {
  const span = hi - lo || 1;
  return values
    .map((v, i) => {
      const x = x0 + (values.length === 1 ? w / 2 : (i / (values.length - 1)) * w);
      const y = y0 + h - ((v - lo) / span) * h;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** A self-contained HTML page with two SVG charts: loss per epoch, and train/test accuracy. */
export function renderPlot(history: EpochStats[], title: string): string {
  const W = 420;
  const H = 240;
  const pad = 40;
  const losses = history.map((h) => h.loss);
  const maxLoss = Math.max(...losses) * 1.05;
  const accs = history.flatMap((h) => [h.trainAccuracy, h.testAccuracy]);
  const minAcc = Math.max(0, Math.min(...accs) - 0.02);
  const axis = (label: string, lo: number, hi: number) => `
    <line x1="${pad}" y1="${pad}" x2="${pad}" y2="${pad + H}" stroke="#444"/>
    <line x1="${pad}" y1="${pad + H}" x2="${pad + W}" y2="${pad + H}" stroke="#444"/>
    <text x="${pad - 4}" y="${pad + 4}" text-anchor="end" font-size="11">${hi.toFixed(3)}</text>
    <text x="${pad - 4}" y="${pad + H}" text-anchor="end" font-size="11">${lo.toFixed(3)}</text>
    <text x="${pad + W / 2}" y="${pad + H + 30}" text-anchor="middle" font-size="12">epoch (1–${history.length})</text>
    <text x="${pad + W / 2}" y="${pad - 12}" text-anchor="middle" font-size="13" font-weight="bold">${label}</text>`;
  const chart = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W + 2 * pad + 60}" height="${H + 2 * pad + 20}">${body}</svg>`;
  const lossChart = chart(`${axis('training loss', 0, maxLoss)}
    <polyline fill="none" stroke="#c0392b" stroke-width="2" points="${polyline(losses, pad, pad, W, H, 0, maxLoss)}"/>`);
  const accChart = chart(`${axis('accuracy', minAcc, 1)}
    <polyline fill="none" stroke="#2980b9" stroke-width="2" points="${polyline(
      history.map((h) => h.trainAccuracy),
      pad,
      pad,
      W,
      H,
      minAcc,
      1,
    )}"/>
    <polyline fill="none" stroke="#27ae60" stroke-width="2" points="${polyline(
      history.map((h) => h.testAccuracy),
      pad,
      pad,
      W,
      H,
      minAcc,
      1,
    )}"/>
    <text x="${pad + W + 6}" y="${pad + 20}" font-size="11" fill="#2980b9">train</text>
    <text x="${pad + W + 6}" y="${pad + 36}" font-size="11" fill="#27ae60">test</text>`);
  const rows = history
    .map(
      (h) =>
        `<tr><td>${h.epoch}</td><td>${h.loss.toFixed(4)}</td><td>${(100 * h.trainAccuracy).toFixed(2)}%</td><td>${(100 * h.testAccuracy).toFixed(2)}%</td><td>${h.lr.toExponential(2)}</td><td>${h.samplesPerSecond.toFixed(0)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head>
<body><h1>${title}</h1><div>${lossChart}${accChart}</div>
<table><tr><th>epoch</th><th>loss</th><th>train acc</th><th>test acc</th><th>lr</th><th>samples/s</th></tr>
${rows}</table></body></html>
`;
}
