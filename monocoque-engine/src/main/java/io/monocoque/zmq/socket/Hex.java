package io.monocoque.zmq.socket;

/** Routing ids as messages show them: {@code 0x} and two hex digits a byte. */
final class Hex {

    private Hex() {
    }

    static String of(byte[] id) {
        StringBuilder sb = new StringBuilder(2 + 2 * id.length).append("0x");
        for (byte b : id) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
