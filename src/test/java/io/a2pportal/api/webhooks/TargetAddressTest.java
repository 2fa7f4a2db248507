package io.a2pportal.api.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.a2pportal.shared.InvalidInputException;

/** Production's rule for endpoint URLs: HTTPS on public addresses; loopback, private and link-local refused. */
class TargetAddressTest {

    private static String refusal(String url) {
        return assertThrows(InvalidInputException.class, () -> TargetAddress.check(url, false)).getMessage();
    }

    @Test
    void privateAddressesAreRefusedWhenTheSettingIsOff() {
        String local = "resolves to a loopback, private or link-local address; webhooks go to public addresses only.";
        assertEquals("The host 127.0.0.1 " + local, refusal("https://127.0.0.1/hooks"));
        assertEquals("The host localhost " + local, refusal("https://localhost:8443/hooks"));
        assertEquals("The host 10.1.2.3 " + local, refusal("https://10.1.2.3/hooks"));
        assertEquals("The host 192.168.0.10 " + local, refusal("https://192.168.0.10/hooks"));
        assertEquals("The host 172.16.5.4 " + local, refusal("https://172.16.5.4/hooks"));
        assertEquals("The host 169.254.169.254 " + local, refusal("https://169.254.169.254/latest/meta-data"));
        assertEquals("The host [::1] " + local, refusal("https://[::1]/hooks"));
        assertEquals("The host [fd00::1] " + local, refusal("https://[fd00::1]/hooks"));
        assertEquals("The host 100.64.0.1 " + local, refusal("https://100.64.0.1/hooks"));
        assertEquals("The host 0.0.0.0 " + local, refusal("https://0.0.0.0/hooks"));
        // plain HTTP to this machine is refused too, whichever rule it meets first
        assertEquals("The host 127.0.0.1 " + local, refusal("http://127.0.0.1:8080/hooks"));
    }

    @Test
    void publicAddressesOverHttpsOnly() {
        assertEquals("https://93.184.216.34/hooks", TargetAddress.check(" https://93.184.216.34/hooks ", false).toString());
        assertEquals("The URL must use HTTPS (https://).", refusal("http://93.184.216.34/hooks"));
        assertEquals("The URL must start with https:// and name a host.", refusal("ftp://93.184.216.34/hooks"));
        assertEquals("The URL must not carry credentials: each delivery is signed instead.",
                refusal("https://user:pw@93.184.216.34/hooks"));
        assertEquals("Enter the endpoint's URL, starting with https://.", refusal("  "));
    }

    @Test
    void withTheSettingOnThisMachineIsAllowedOverPlainHttp() {
        assertEquals("http://127.0.0.1:8080/hooks", TargetAddress.check("http://127.0.0.1:8080/hooks", true).toString());
        assertEquals("The URL must use HTTPS (https://).",
                assertThrows(InvalidInputException.class, () -> TargetAddress.check("http://93.184.216.34/x", true)).getMessage());
    }
}
