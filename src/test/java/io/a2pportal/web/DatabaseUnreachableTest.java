package io.a2pportal.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.TimeoutException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import jakarta.persistence.PersistenceException;

/** Which failures are an unreachable database (503) rather than a fault of the portal (500). */
class DatabaseUnreachableTest {

    @Test
    void aRefusedConnectionIsAnUnreachableDatabase() {
        PSQLException refused = new PSQLException("Connection to 127.0.0.1:5432 refused.",
                PSQLState.CONNECTION_UNABLE_TO_CONNECT);
        assertTrue(ErrorPages.databaseUnreachable(
                new PersistenceException(new JDBCConnectionException("Unable to acquire JDBC Connection", refused))));
    }

    @Test
    void aConnectionBrokenMidQueryIsAnUnreachableDatabase() {
        assertTrue(ErrorPages.databaseUnreachable(new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE)));
    }

    @Test
    void aServerShuttingDownIsAnUnreachableDatabase() {
        assertTrue(ErrorPages.databaseUnreachable(
                new SQLException("terminating connection due to administrator command", "57P01")));
    }

    @Test
    void noConnectionFromThePoolInTimeIsAnUnreachableDatabase() {
        assertTrue(ErrorPages.databaseUnreachable(new RuntimeException(
                new SQLException("Acquisition timeout while waiting for new connection", new TimeoutException()))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ErrorPages.databaseUnreachable(new ConstraintViolationException("duplicate key",
                new PSQLException("duplicate key value violates unique constraint", PSQLState.UNIQUE_VIOLATION), "uq")));
        assertFalse(ErrorPages.databaseUnreachable(new SQLException("syntax error", "42601")));
        assertFalse(ErrorPages.databaseUnreachable(new IllegalStateException("a bug")));
    }
}
