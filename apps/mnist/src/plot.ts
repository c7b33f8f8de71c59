import type { EpochStats } from './train.js';

type Box = { x: number; y: number; w: number; h: number };

/** A line through the values with a dot on each (so a single epoch still shows). */
function series(values: number[], color: string, lo: number, hi: number, box: Box): string {
  const span = hi - lo || 1;
  const pts = values.map((v, i) => [
    box.x + (values.length === 1 ? box.w / 2 : (i / (values.length - 1)) * box.w),
    box.y + box.h - ((v - lo) / span) * box.h,
  ]);
  const line = pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  const dots = pts
    .map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${color}"/>`)
    .join('');
  return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${line}"/>${dots}`;
}

function axes(label: string, lo: number, hi: number, epochs: number, box: Box): string {
  const { x, y, w, h } = box;
  return `<line x1="${x}" y1="${y}" x2="${x}" y2="${y + h}" stroke="#444"/>
    <line x1="${x}" y1="${y + h}" x2="${x + w}" y2="${y + h}" stroke="#444"/>
    <text x="${x - 4}" y="${y + 4}" text-anchor="end" font-size="11">${hi.toFixed(3)}</text>
    <text x="${x - 4}" y="${y + h}" text-anchor="end" font-size="11">${lo.toFixed(3)}</text>
    <text x="${x + w / 2}" y="${y + h + 30}" text-anchor="middle" font-size="12">epoch (1–${epochs})</text>
    <text x="${x + w / 2}" y="${y - 12}" text-anchor="middle" font-size="13" font-weight="bold">${label}</text>`;
}

/** A self-contained HTML page with two SVG charts (loss per epoch; train/test accuracy) and a table. */
export function renderPlot(history: EpochStats[], title: string): string {
  const box: Box = { x: 50, y: 40, w: 420, h: 240 };
  const svg = (body: string) =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="540" height="340">${body}</svg>`;
  const losses = history.map((h) => h.loss);
  const maxLoss = Math.max(...losses) * 1.05;
  const accs = history.flatMap((h) => [h.trainAccuracy, h.testAccuracy]);
  const minAcc = Math.max(0, Math.min(...accs) - 0.02);
  const lossChart = svg(`${axes('training loss', 0, maxLoss, history.length, box)}
    ${series(losses, '#c0392b', 0, maxLoss, box)}`);
  const accChart = svg(`${axes('accuracy', minAcc, 1, history.length, box)}
    ${series(
      history.map((h) => h.trainAccuracy),
      '#2980b9',
      minAcc,
      1,
      box,
    )}
    ${series(
      history.map((h) => h.testAccuracy),
      '#27ae60',
      minAcc,
      1,
      box,
    )}
    <text x="${box.x + box.w + 6}" y="${box.y + 20}" font-size="11" fill="#2980b9">train</text>
    <text x="${box.x + box.w + 6}" y="${box.y + 36}" font-size="11" fill="#27ae60">test</text>`);
  const rows = history
    .map(
      (h) =>
        `<tr><td>${h.epoch}</td><td>${h.loss.toFixed(4)}</td><td>${(100 * h.trainAccuracy).toFixed(2)}%</td><td>${(100 * h.testAccuracy).toFixed(2)}%</td><td>${h.lr.toExponential(2)}</td><td>${h.samplesPerSecond.toFixed(0)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}</style></head>
<body><h1>${title}</h1><div style="display:flex;flex-wrap:wrap">${lossChart}${accChart}</div>
<table><tr><th>epoch</th><th>loss</th><th>train acc</th><th>test acc</th><th>lr</th><th>samples/s</th></tr>
${rows}</table></body></html>
`;
}
