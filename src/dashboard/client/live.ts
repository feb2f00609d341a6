import { maybe } from "./dom";
import { backoffMs, type LiveMessage } from "./rules";

export function setLive(state: "connecting" | "open" | "closed", text: string): void {
  const el = maybe("live-status");
  if (!el) return;
  el.setAttribute("data-state", state);
  el.textContent = text;
}

declare global {
  interface Window {
    /** The open socket, for the browser tests (they drop it to test reconnects). */
    __l2cSocket?: WebSocket;
  }
}

/**
 * One WebSocket to the LiveHub; a relevant push calls `onEvent`, a reconnect after a drop calls
 * `onReconnect` (to catch up on what happened while away). No polling.
 */
export function connectLive(isRelevant: (m: LiveMessage) => boolean, onEvent: () => void, onReconnect: () => void): void {
  let attempt = 0;
  let everOpen = false;
  const connect = (): void => {
    let ws: WebSocket;
    try {
      ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/dashboard/live");
    } catch {
      return retry();
    }
    setLive("connecting", attempt ? "Reconnecting…" : "Connecting…");
    ws.onopen = () => {
      setLive("open", "Live");
      if (everOpen || attempt) onReconnect();
      everOpen = true;
      attempt = 0;
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: LiveMessage;
      try {
        msg = JSON.parse(String(ev.data)) as LiveMessage;
      } catch {
        return;
      }
      if (isRelevant(msg)) onEvent();
    };
    ws.onclose = () => retry();
    window.__l2cSocket = ws;
  };
  const retry = (): void => {
    attempt++;
    const delay = backoffMs(attempt, Math.random());
    setLive("closed", "Offline — reconnecting in " + Math.ceil(delay / 1000) + " s");
    setTimeout(connect, delay);
  };
  connect();
}
