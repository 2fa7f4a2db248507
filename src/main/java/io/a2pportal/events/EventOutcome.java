package io.a2pportal.events;

/** What became of one event ({@code event_received.outcome}). */
public enum EventOutcome {
    /** It changed the number, brand or campaign (a status, a failure reason, a campaign or service). */
    APPLIED,
    /** What it said was already known. */
    UNCHANGED,
    /** Dated before the last observation of its number, brand or campaign: changed nothing (delivered out of order). */
    SUPERSEDED,
    /** It names an account outside the sink's tree: never applied (listed as FOREIGN_ACCOUNT). */
    REFUSED,
    /** Unknown type or missing fields: listed as a problem, changed nothing. */
    PROBLEM,
    /** A known type that carries no status the portal keeps, or a brand or campaign the portal does not know. */
    IGNORED
}
