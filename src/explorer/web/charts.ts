/// <reference lib="dom" />
// Horizontal bar charts drawn as inline SVG (no chart library): one row per category (a
// department), each row either stacked segments or a group of bars. Every row is a <g> with
// data-row (the department code) and every segment has a <title> for hover and screen readers;
// the page also offers the numbers as a table.
import { s, type Child } from "./dom.js";

export interface Series {
  key: string;
  label: string;
  color: string;
}

export interface Row {
  key: string;
  label: string;
  /** Link for the row label (an SVG <a>), optional. */
  href?: string;
  values: Record<string, number>;
  /** Text at the end of the row (e.g. a total), optional. */
  note?: string;
}

export interface ChartOptions {
  title: string;
  series: Series[];
  rows: Row[];
  mode: "stacked" | "grouped";
  /** Unit after the numbers in tooltips, e.g. "条". */
  unit?: string;
  /** Numbers with decimals (e.g. medians) are shown with one decimal. */
  decimals?: number;
  labelWidth?: number;
}

const WIDTH = 820;
const PAD_TOP = 28;
const PAD_BOTTOM = 8;
const NOTE_WIDTH = 90;

/** A round step for about four grid lines (1, 2 or 5 times a power of ten; whole for counts). */
function niceStep(max: number, whole: boolean): number {
  const raw = max > 0 ? max / 4 : 1;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw) ?? 10 * p;
  return whole ? Math.max(1, Math.round(step)) : step;
}

function fmt(v: number, decimals: number): string {
  return v.toLocaleString("zh-CN", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

export function barChart(o: ChartOptions): SVGSVGElement {
  const labelWidth = o.labelWidth ?? 190;
  const plotWidth = WIDTH - labelWidth - NOTE_WIDTH - 10;
  const decimals = o.decimals ?? 0;
  const barH = o.mode === "stacked" ? 18 : 8;
  const rowH = o.mode === "stacked" ? 28 : o.series.length * (barH + 2) + 12;
  const height = PAD_TOP + o.rows.length * rowH + PAD_BOTTOM;
  const rowMax = (r: Row) =>
    o.mode === "stacked"
      ? o.series.reduce((sum, x) => sum + (r.values[x.key] ?? 0), 0)
      : Math.max(0, ...o.series.map((x) => r.values[x.key] ?? 0));
  const top = Math.max(0, ...o.rows.map(rowMax));
  const step = niceStep(top, decimals === 0);
  const steps = Math.max(1, Math.ceil(top / step));
  const max = steps * step;
  const scale = (v: number) => (v / max) * plotWidth;

  const grid: Child[] = [];
  for (let i = 0; i <= steps; i++) {
    const x = labelWidth + (plotWidth * i) / steps;
    grid.push(
      s("line", { x1: x, x2: x, y1: PAD_TOP - 6, y2: height - PAD_BOTTOM, class: "grid" }),
      s("text", { x, y: PAD_TOP - 10, "text-anchor": "middle", class: "tick" }, fmt(step * i, decimals + 1)),
    );
  }

  const rows = o.rows.map((r, i) => {
    const y = PAD_TOP + i * rowH;
    const label = s("text", { x: labelWidth - 8, y: y + rowH / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "label" }, r.label);
    const parts: Child[] = [];
    if (o.mode === "stacked") {
      let x = labelWidth;
      for (const ser of o.series) {
        const v = r.values[ser.key] ?? 0;
        if (v <= 0) continue;
        const w = scale(v);
        parts.push(
          s(
            "rect",
            { x, y: y + (rowH - barH) / 2, width: Math.max(w, 1), height: barH, fill: ser.color, "data-series": ser.key, "data-value": v },
            s("title", {}, `${r.label} · ${ser.label}：${fmt(v, decimals)}${o.unit ?? ""}`),
          ),
        );
        x += w;
      }
    } else {
      o.series.forEach((ser, j) => {
        const v = r.values[ser.key] ?? 0;
        const by = y + 6 + j * (barH + 2);
        parts.push(
          s(
            "rect",
            { x: labelWidth, y: by, width: Math.max(scale(v), v > 0 ? 1 : 0), height: barH, fill: ser.color, "data-series": ser.key, "data-value": v },
            s("title", {}, `${r.label} · ${ser.label}：${fmt(v, decimals)}${o.unit ?? ""}`),
          ),
        );
      });
    }
    const note = r.note ?? (o.mode === "stacked" ? fmt(rowMax(r), decimals) : "");
    return s(
      "g",
      { class: "row", "data-row": r.key },
      r.href ? s("a", { href: r.href, "data-nav": "" }, label) : label,
      parts,
      note
        ? s("text", { x: WIDTH - NOTE_WIDTH, y: y + rowH / 2, "dominant-baseline": "middle", class: "note" }, note)
        : null,
    );
  });

  return s(
    "svg",
    {
      viewBox: `0 0 ${WIDTH} ${height}`,
      width: "100%",
      role: "img",
      "aria-label": o.title,
      class: "chart",
      preserveAspectRatio: "xMinYMin meet",
    },
    s("title", {}, o.title),
    grid,
    rows,
  );
}

/** The legend for a chart's series, as HTML. */
export function legend(series: Series[]): HTMLElement {
  const ul = document.createElement("ul");
  ul.className = "legend";
  for (const x of series) {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = "swatch";
    sw.style.background = x.color;
    li.append(sw, document.createTextNode(x.label));
    ul.appendChild(li);
  }
  return ul;
}
