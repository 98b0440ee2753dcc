package io.monocoque.zmq.security.curve;

import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Bouncy Castle's Salsa20 engine, re-keyed in place for every message. {@code init} wants
 * fresh, copied {@code KeyParameter}/{@code ParametersWithIV} objects each time; going through
 * the engine's protected {@code setKey} instead keeps the per-message path allocation-free.
 * The cipher itself is entirely Bouncy Castle's.
 */
final class RekeyableSalsa20 extends Salsa20Engine {

    private static final byte[] ZERO_KEY = new byte[32];
    private static final byte[] ZERO_IV = new byte[8];

    RekeyableSalsa20() {
        // One regular init marks the engine initialised; every later key goes through rekey.
        init(true, new ParametersWithIV(new KeyParameter(ZERO_KEY), ZERO_IV));
    }

    /** Sets a 32-byte key and 8-byte nonce and rewinds the keystream to block 0. */
    void rekey(byte[] key, byte[] iv) {
        setKey(key, iv);
        reset();
    }

    /** Replaces the key state with zeros, so no key material stays in the engine. */
    void wipe() {
        rekey(ZERO_KEY, ZERO_IV);
    }
}
