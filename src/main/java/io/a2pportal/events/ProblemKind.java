package io.a2pportal.events;

/** Why a request or an event is listed for the owner ({@code event_problem.kind}). */
public enum ProblemKind {
    /** A request without a valid signature or credentials (all counted on the sink; one listed per minute). */
    REFUSED,
    /** A delivery that is not a JSON array of CloudEvents objects, or an event without an id. */
    MALFORMED,
    /** An event of a type the portal does not know. */
    UNKNOWN_TYPE,
    /** An event without a field its type needs, or with one malformed. */
    MISSING_FIELD,
    /** An event naming an account outside the sink's tree. */
    FOREIGN_ACCOUNT,
    /** A delivery whose processing failed several times: set aside, its events not applied. */
    FAILED
}
