// How the time left of a run is said, the same in the progress notification and the panel.

/** "about 40 s left", "about 3 min left", "about 1 h 20 min left". */
export function timeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
