package io.a2pportal.uploads;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Told of each step a status report import passes. The portal's does nothing; a test's bean in
 * its place breaks an import at a step, or holds it there, to show what a user then sees.
 */
@ApplicationScoped
@DefaultBean
public class ImportSteps {

    /** The steps, in their order. */
    public enum Step {
        /** Rows read and staged so far (every few thousand rows, and once at the end); the count is the rows read. */
        READ,
        /** The ledger applied the rows in the import's transaction; the count is the numbers it added or changed. */
        APPLIED,
        /** The stored copy of the file is written; the count is 0. */
        STORED
    }

    /** The upload (by its id and file name) reached the step; an exception thrown here fails the import. */
    public void reached(Step step, long uploadId, String fileName, long count) {
        // nothing to do in the portal
    }
}
