/**
 * A live loss chart: an SVG polyline redrawn as points arrive (a few hundred points at most, so
 * no charting library is needed).
 * @module
 */
const NS = 'http://www.w3.org/2000/svg';

/** A line chart of (step, loss) points. */
export class LossChart {
  readonly el: SVGSVGElement;
  private readonly line: SVGPolylineElement;
  private readonly axis: SVGTextElement;
  private points: Array<[number, number]> = [];

  constructor(label = 'training loss') {
    this.el = document.createElementNS(NS, 'svg');
    this.el.setAttribute('viewBox', '0 0 320 160');
    this.el.setAttribute('role', 'img');
    this.el.setAttribute('aria-label', label);
    this.el.classList.add('loss-chart');
    this.line = document.createElementNS(NS, 'polyline');
    this.line.setAttribute('fill', 'none');
    this.line.setAttribute('stroke', '#2563eb');
    this.line.setAttribute('stroke-width', '2');
    this.axis = document.createElementNS(NS, 'text');
    this.axis.setAttribute('x', '4');
    this.axis.setAttribute('y', '14');
    this.el.append(this.line, this.axis);
  }

  /** Adds a point and redraws. */
  add(step: number, loss: number): void {
    this.points.push([step, loss]);
    this.draw();
  }

  /** Removes every point. */
  reset(): void {
    this.points = [];
    this.draw();
  }

  private draw(): void {
    if (this.points.length === 0) {
      this.line.setAttribute('points', '');
      this.axis.textContent = '';
      return;
    }
    const xs = this.points.map((p) => p[0]);
    const ys = this.points.map((p) => p[1]);
    const [x0, x1] = [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)];
    const [y0, y1] = [Math.min(...ys, 0), Math.max(...ys, 1e-9)];
    const pts = this.points.map(([x, y]) => `${(10 + ((x - x0) / (x1 - x0)) * 300).toFixed(1)},${(150 - ((y - y0) / (y1 - y0)) * 125).toFixed(1)}`);
    this.line.setAttribute('points', pts.join(' '));
    this.axis.textContent = `loss ${ys[ys.length - 1]!.toFixed(4)} (max ${y1.toFixed(3)})`;
  }
}
