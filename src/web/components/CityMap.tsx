// The pickup map: a drawing of the city. A click puts the pin where it lands; with the keyboard the
// map takes focus, arrow keys move the pin (Shift for larger steps) and the landmark buttons below
// put it on a landmark.
import type { KeyboardEvent, MouseEvent } from 'react';
import { LANDMARKS, MAP_CENTER, MAP_HEIGHT, MAP_WIDTH, describePoint, toLatLng, toPoint, type LatLng } from '../city.js';

const AVENUES = [120, 200, 280, 360, 440, 520, 600, 680];
const STREETS = [60, 130, 200, 270, 340, 410, 480];

export function CityMap({ pickup, onPick, disabled }: { pickup: LatLng | null; onPick(point: LatLng): void; disabled?: boolean }) {
  const pin = pickup ? toPoint(pickup) : null;

  const pickAt = (event: MouseEvent<SVGSVGElement>) => {
    if (disabled) return;
    const box = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * MAP_WIDTH;
    const y = ((event.clientY - box.top) / box.height) * MAP_HEIGHT;
    onPick(toLatLng(clamp(x, MAP_WIDTH), clamp(y, MAP_HEIGHT)));
  };

  const move = (event: KeyboardEvent<SVGSVGElement>) => {
    if (disabled) return;
    const step = event.shiftKey ? 40 : 10;
    const delta: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = delta[event.key];
    if (!d && event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    const from = pin ?? MAP_CENTER;
    onPick(toLatLng(clamp(from.x + (d?.[0] ?? 0), MAP_WIDTH), clamp(from.y + (d?.[1] ?? 0), MAP_HEIGHT)));
  };

  return (
    <div className="city-map">
      <svg
        viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`}
        role="application"
        aria-label="City map: click to choose the pickup point, or use the arrow keys to move the pin"
        aria-describedby="pickup-summary"
        aria-disabled={disabled || undefined}
        tabIndex={0}
        onClick={pickAt}
        onKeyDown={move}
      >
        <rect width={MAP_WIDTH} height={MAP_HEIGHT} fill="#eef3e6" />
        {/* Elliott Bay along the west edge, Lake Union to the north. */}
        <path d="M0 0 H110 C150 120 210 200 260 290 C300 360 330 440 360 520 H0 Z" fill="#a9cbe8" />
        <path d="M350 0 H520 C510 30 470 55 420 60 C380 62 355 35 350 0 Z" fill="#a9cbe8" />
        <text x="40" y="330" className="water-label">Elliott Bay</text>
        <text x="395" y="25" className="water-label">Lake Union</text>
        <g className="streets">
          {AVENUES.map((x) => (
            <line key={`a${x}`} x1={x} y1={0} x2={x - 60} y2={MAP_HEIGHT} />
          ))}
          {STREETS.map((y) => (
            <line key={`s${y}`} x1={0} y1={y} x2={MAP_WIDTH} y2={y + 30} />
          ))}
          <line className="freeway" x1={560} y1={0} x2={540} y2={MAP_HEIGHT} />
        </g>
        {/* Drawn over the streets, as a park interrupts them. */}
        <rect x="572" y="330" width="100" height="52" rx="6" fill="#cfe3b4" />
        <text x="622" y="361" className="park-label" textAnchor="middle">
          Freeway Park
        </text>
        {LANDMARKS.map((l) => (
          <g key={l.name} className="landmark">
            <circle cx={l.x} cy={l.y} r={7} />
            <text x={l.x + 11} y={l.y + 4}>
              {l.name}
            </text>
          </g>
        ))}
        {pin && (
          <g className="pin" transform={`translate(${pin.x} ${pin.y})`}>
            <path d="M0 0 L-10 -22 A11 11 0 1 1 10 -22 Z" />
            <circle cy={-25} r={4} fill="#fff" />
          </g>
        )}
      </svg>
      <p id="pickup-summary" className="pickup-summary">
        {pickup ? `Pickup point: ${describePoint(pickup)}` : 'No pickup point chosen yet.'}
      </p>
      <div className="landmark-buttons" role="group" aria-label="Pick up at a landmark">
        {LANDMARKS.map((l) => (
          <button key={l.name} type="button" className="secondary small" disabled={disabled} onClick={() => onPick(toLatLng(l.x, l.y))}>
            {l.name}
          </button>
        ))}
      </div>
    </div>
  );
}

const clamp = (n: number, max: number) => Math.min(max, Math.max(0, n));
