import { useEffect, useState } from "react";
import { useRevalidator } from "@remix-run/react";
import { countdownText } from "#app/domain/market/auction";
import { useT } from "#app/i18n/react";

/**
 * The auction's time left. Without JavaScript it is the server's "about N min"; once hydrated it
 * counts down each second from the server's figure (so a wrong clock on the reader's device does not
 * matter), and at zero it says the auction has ended and reloads the page's data once, to show the close.
 */
export function AuctionCountdown({ msLeft, serverText }: { msLeft: number; serverText: string }) {
  const t = useT();
  const { revalidate } = useRevalidator();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const deadline = Date.now() + msLeft;
    let reloaded = false;
    const tick = () => {
      const ms = deadline - Date.now();
      setLeft(Math.max(0, ms));
      // A few seconds after the end, once: the close job has usually run by then.
      if (ms <= -3_000 && !reloaded) {
        reloaded = true;
        revalidate();
      }
    };
    tick();
    const timer = setInterval(tick, 1_000);
    return () => clearInterval(timer);
  }, [msLeft, revalidate]);
  const text = left === null ? serverText : left > 0 ? t("auction.page.countdown", { time: countdownText(left) }) : t("auction.page.ended");
  return <span data-testid="auction-time-left" role="timer" aria-live="off">{text}</span>;
}
