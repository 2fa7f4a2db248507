package io.a2pportal.uploads;

/** A file that cannot be read as an upload at all; the message tells the user why in plain words. */
public class UploadRejected extends RuntimeException {

    public UploadRejected(String message) {
        super(message, null, false, false);
    }
}
