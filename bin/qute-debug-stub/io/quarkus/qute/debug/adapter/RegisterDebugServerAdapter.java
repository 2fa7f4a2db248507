package io.quarkus.qute.debug.adapter;

import io.quarkus.qute.Engine;
import io.quarkus.qute.EngineBuilder;

/**
 * Stand-in for Quarkus's optional Qute template debugger, whose 3.33.2 build was never published.
 * Dev mode requires the artifact; with no debug port, the real adapter does nothing either.
 */
public class RegisterDebugServerAdapter implements EngineBuilder.EngineListener {

    @Override
    public void engineBuilt(Engine engine) {
    }

    public Integer getPort() {
        return null;
    }

    public void dispose() {
    }

    public void reset() {
    }
}
