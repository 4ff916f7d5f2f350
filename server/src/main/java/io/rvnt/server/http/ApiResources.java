package io.rvnt.server.http;

import io.rvnt.server.metrics.ServerMetrics;
import io.rvnt.server.ratelimit.RateLimiter;
import java.util.concurrent.Executor;

/** What every API connection shares: the rate limiter, metrics, endpoints and the bounded worker executor. */
record ApiResources(RateLimiter limiter, ServerMetrics metrics, IdentityEndpoints endpoints, Executor workers) {}
