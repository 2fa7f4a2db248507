package io.a2pportal.api;

/** A request the API refuses with a message for the client, as problem details with the given status. */
public class ApiException extends RuntimeException {

    public final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }
}
