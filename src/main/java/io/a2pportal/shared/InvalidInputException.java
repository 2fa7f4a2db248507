package io.a2pportal.shared;

/** Input a user can correct: shown to them as it is, with status 400, and nothing is changed. */
public class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
