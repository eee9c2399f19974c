// Live tail over Server-Sent Events (/api/v1/tail). EventSource reconnects by itself and sends
// the last event id back as Last-Event-ID, so the server resumes without a gap. Lines are
// handed over in batches once a frame; while paused they wait in a bounded buffer, and what
// does not fit is counted as dropped like the server's own `event: dropped` notices.
import { tailUrl, type Row } from "./api";

const PAUSE_BUFFER = 10_000;
const RATE_WINDOW_MS = 5_000;

export interface TailElements {
  rate: HTMLElement;
  dropped: HTMLElement;
  pause: HTMLButtonElement;
}

export class LiveTail {
  private source: EventSource | null = null;
  private pending: Row[] = [];
  private paused = false;
  private dropped = 0;
  private arrivals: number[] = [];
  private frame = 0;
  private timer = 0;

  constructor(
    private readonly elements: TailElements,
    private readonly onRows: (rows: Row[]) => void,
    private readonly onError: (message: string) => void,
  ) {
    elements.pause.addEventListener("click", () => {
      this.paused = !this.paused;
      elements.pause.textContent = this.paused ? "Resume" : "Pause";
      if (!this.paused) this.flush();
    });
  }

  get active(): boolean {
    return this.source !== null;
  }

  start(query: string): void {
    this.stop();
    this.dropped = 0;
    this.arrivals = [];
    this.paused = false;
    this.elements.pause.textContent = "Pause";
    const source = new EventSource(tailUrl(query));
    this.source = source;
    document.body.dataset.tail = "connecting";
    // Open once the server has subscribed (it subscribes before sending the first byte).
    source.onopen = () => (document.body.dataset.tail = "open");
    source.onmessage = (event) => {
      this.arrivals.push(performance.now());
      this.pending.push(JSON.parse(event.data));
      if (this.paused && this.pending.length > PAUSE_BUFFER) {
        this.dropped += this.pending.length - PAUSE_BUFFER;
        this.pending.splice(0, this.pending.length - PAUSE_BUFFER);
        this.showDropped();
      }
      this.schedule();
    };
    source.addEventListener("dropped", (event) => {
      this.dropped += Number(JSON.parse((event as MessageEvent).data).dropped ?? 0);
      this.showDropped();
    });
    source.addEventListener("gap", () => this.onError("live tail: some lines could not be resumed; run the query to fill the gap"));
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) this.onError("live tail closed by the server (too many tails, or a bad query)");
    };
    this.elements.pause.hidden = false;
    this.elements.rate.hidden = false;
    this.timer = window.setInterval(() => this.showRate(), 1000);
    this.showRate();
  }

  stop(): void {
    this.source?.close();
    this.source = null;
    delete document.body.dataset.tail;
    this.pending = [];
    clearInterval(this.timer);
    this.elements.pause.hidden = true;
    this.elements.rate.hidden = true;
    this.elements.dropped.hidden = true;
  }

  private schedule(): void {
    if (this.paused || this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.flush();
    });
  }

  private flush(): void {
    if (this.paused || this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.onRows(rows);
  }

  private showRate(): void {
    const now = performance.now();
    while (this.arrivals.length && this.arrivals[0] < now - RATE_WINDOW_MS) this.arrivals.shift();
    const rate = this.arrivals.length / (RATE_WINDOW_MS / 1000);
    this.elements.rate.textContent = `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString()} lines/s` + (this.paused ? ` · ${this.pending.length.toLocaleString()} waiting` : "");
  }

  private showDropped(): void {
    this.elements.dropped.hidden = this.dropped === 0;
    this.elements.dropped.textContent = `${this.dropped.toLocaleString()} lines dropped`;
  }
}
