/** The script of the self-contained HTML report (bundled with Chart.js into the file by html.ts). */
import Chart from 'chart.js/auto';
import type { CompareReport } from '../run/model.js';
import { renderReport } from './render.js';

const data = document.getElementById('compare-data')?.textContent;
const root = document.getElementById('app');
if (!data || !root) throw new Error('compare report: the embedded data or the #app element is missing');
renderReport(root, JSON.parse(data) as CompareReport, Chart);
document.body.dataset.rendered = 'true';
