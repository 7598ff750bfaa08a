-- wrk reports p50/p75/p90/p99 only; this prints p50, p95 and p99 (ms) and the non-2xx/3xx count on one line.
done = function(summary, latency, requests)
  io.write(string.format("FIGURES p50_ms=%.1f p95_ms=%.1f p99_ms=%.1f requests=%d bad=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status))
end
