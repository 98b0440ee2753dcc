package io.monocoque.zmq.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.monocoque.zmq.SocketType;
import org.junit.jupiter.api.Test;

class Zmtp2SocketTypeTest {

    @Test
    void codesAreSpec15sTable() {
        assertThat(Zmtp2SocketType.code(SocketType.PAIR)).isEqualTo(0x00);
        assertThat(Zmtp2SocketType.code(SocketType.PUB)).isEqualTo(0x01);
        assertThat(Zmtp2SocketType.code(SocketType.SUB)).isEqualTo(0x02);
        assertThat(Zmtp2SocketType.code(SocketType.REQ)).isEqualTo(0x03);
        assertThat(Zmtp2SocketType.code(SocketType.REP)).isEqualTo(0x04);
        assertThat(Zmtp2SocketType.code(SocketType.DEALER)).isEqualTo(0x05);
        assertThat(Zmtp2SocketType.code(SocketType.ROUTER)).isEqualTo(0x06);
        assertThat(Zmtp2SocketType.code(SocketType.PULL)).isEqualTo(0x07);
        assertThat(Zmtp2SocketType.code(SocketType.PUSH)).isEqualTo(0x08);
    }

    @Test
    void xpubAndXsubAreSentAsPubAndSubAsSpec15Says() {
        assertThat(Zmtp2SocketType.code(SocketType.XPUB)).isEqualTo(0x01);
        assertThat(Zmtp2SocketType.code(SocketType.XSUB)).isEqualTo(0x02);
    }

    @Test
    void readsEverySpecCodeAndLibzmqsOwnXpubXsubNumbers() {
        for (int code = 0; code <= 8; code++) {
            assertThat(Zmtp2SocketType.code(Zmtp2SocketType.fromCode(code))).isEqualTo(code);
        }
        assertThat(Zmtp2SocketType.fromCode(0x09)).isEqualTo(SocketType.XPUB);
        assertThat(Zmtp2SocketType.fromCode(0x0A)).isEqualTo(SocketType.XSUB);
    }

    @Test
    void otherOctetsNameNoSocketType() {
        assertThat(Zmtp2SocketType.fromCode(0x0B)).as("libzmq's STREAM never speaks ZMTP").isNull();
        assertThat(Zmtp2SocketType.fromCode(0xFF)).isNull();
        assertThat(Zmtp2SocketType.fromCode(-1)).isNull();
    }
}
