/**
 * {@code loupe simulate}: a small shop world (services on hosts, request flows sharing trace ids,
 * host daemons) that writes realistic, labelled logs. Owns the world ({@link
 * dev.loupe.cli.simulate.World}), the line templates and their catalogue ({@link
 * dev.loupe.cli.simulate.TemplateCatalog}), the traffic that turns simulated time into lines
 * ({@link dev.loupe.cli.simulate.Traffic}), the incidents it can inject, the outputs (HTTP, syslog,
 * files, stdout) and the labels (incident ground truth, Loghub-style template CSV).
 *
 * <p>Kept apart from {@code loupe bench}'s generator on purpose: bench needs a fixed, fast,
 * countable data set; the simulator needs a world that behaves (flows, incidents, time of day) and
 * says exactly which template made each line. Everything here talks to a server over its public
 * protocols, the way any shipper would.
 */
package dev.loupe.cli.simulate;
