package io.vigil.bench.risk;

/**
 * One request of the simulation, at its simulated time.
 *
 * @param ip the client address (sent as {@code X-Forwarded-For}; the gateway trusts the simulator as its proxy)
 * @param attack the attack this request belongs to, or null for benign traffic
 */
record Planned(long time, Caller caller, String ip, String agent, String method, String path, Attack attack) {
}
