package dev.updraft.bench.live;

import dev.updraft.bench.process.ManagedProcess;

/**
 * A WebSocket hub under test: the live-updates service or the Tornado peer.
 *
 * @param system label in the results ({@code updraft} or {@code tornado})
 * @param jvm    whether heap per connection can be read with jcmd
 */
record HubTarget(String system, ManagedProcess process, int port, boolean jvm) {
}
