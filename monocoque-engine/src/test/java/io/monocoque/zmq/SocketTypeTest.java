package io.monocoque.zmq;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SocketTypeTest {

    @Test
    void onlySubPullGatherAndDishCannotSendAndOnlyPubPushScatterAndRadioCannotReceive() {
        Set<SocketType> senders = EnumSet.noneOf(SocketType.class);
        Set<SocketType> receivers = EnumSet.noneOf(SocketType.class);
        for (SocketType t : SocketType.values()) {
            if (t.canSend()) {
                senders.add(t);
            }
            if (t.canReceive()) {
                receivers.add(t);
            }
        }
        assertThat(EnumSet.complementOf(EnumSet.copyOf(senders))).containsExactlyInAnyOrder(SocketType.SUB, SocketType.PULL, SocketType.GATHER, SocketType.DISH);
        assertThat(EnumSet.complementOf(EnumSet.copyOf(receivers))).containsExactlyInAnyOrder(SocketType.PUB, SocketType.PUSH, SocketType.SCATTER, SocketType.RADIO);
    }

    @Test
    void onlyReqAndRepAlternateSendAndReceive() {
        for (SocketType t : SocketType.values()) {
            assertThat(t.alternatesSendAndReceive()).as("%s", t).isEqualTo(t == SocketType.REQ || t == SocketType.REP);
        }
    }

    @Test
    void publishersTalkToSubscribersOnly() {
        for (SocketType t : SocketType.values()) {
            if (t.isPublisher()) {
                assertThat(t.compatiblePeers()).as("%s", t).allMatch(SocketType::isSubscriber);
            }
            if (t.isSubscriber()) {
                assertThat(t.compatiblePeers()).as("%s", t).allMatch(SocketType::isPublisher);
            }
        }
        assertThat(SocketType.PUB.isPublisher() && SocketType.XPUB.isPublisher()).isTrue();
        assertThat(SocketType.SUB.isSubscriber() && SocketType.XSUB.isSubscriber()).isTrue();
    }

    @Test
    void compatibilityIsSymmetric() {
        for (SocketType a : SocketType.values()) {
            for (SocketType b : a.compatiblePeers()) {
                assertThat(b.isCompatibleWith(a)).as("%s accepts %s, so %s must accept %s", a, b, b, a).isTrue();
            }
        }
    }

    /** libzmq's mechanism_base check_socket_type for the draft types: each talks to its counterpart only. */
    @Test
    void draftTypesAcceptTheirLibzmqCounterpartOnly() {
        assertThat(SocketType.SERVER.compatiblePeers()).containsExactly(SocketType.CLIENT);
        assertThat(SocketType.CLIENT.compatiblePeers()).containsExactly(SocketType.SERVER);
        assertThat(SocketType.GATHER.compatiblePeers()).containsExactly(SocketType.SCATTER);
        assertThat(SocketType.SCATTER.compatiblePeers()).containsExactly(SocketType.GATHER);
        assertThat(SocketType.PEER.compatiblePeers()).containsExactly(SocketType.PEER);
        assertThat(SocketType.CHANNEL.compatiblePeers()).containsExactly(SocketType.CHANNEL);
        for (SocketType classic : EnumSet.range(SocketType.PAIR, SocketType.XSUB)) {
            assertThat(classic.compatiblePeers()).as("%s", classic).noneMatch(SocketType::isDraft);
        }
    }

    @Test
    void theDraftTypesAreSingleFrameAndTheClassicOnesAreNot() {
        Set<SocketType> drafts = EnumSet.of(SocketType.SERVER, SocketType.CLIENT, SocketType.GATHER, SocketType.SCATTER,
                SocketType.PEER, SocketType.CHANNEL, SocketType.RADIO, SocketType.DISH);
        for (SocketType t : EnumSet.range(SocketType.PAIR, SocketType.XSUB)) {
            assertThat(t.isDraft()).as("%s", t).isFalse();
            assertThat(t.isSingleFrame()).as("%s", t).isFalse();
        }
        for (SocketType t : drafts) {
            assertThat(t.isDraft()).as("%s", t).isTrue();
            assertThat(t.isSingleFrame()).as("%s", t).isTrue();
        }
    }

    @Test
    void onlyStreamIsRawAndItAcceptsNoZmtpPeer() {
        for (SocketType t : SocketType.values()) {
            assertThat(t.isRaw()).as("%s", t).isEqualTo(t == SocketType.STREAM);
            assertThat(t.isCompatibleWith(SocketType.STREAM)).as("%s accepts STREAM", t).isFalse();
        }
        assertThat(SocketType.STREAM.compatiblePeers()).isEmpty();
        assertThat(SocketType.STREAM.canSend() && SocketType.STREAM.canReceive()).isTrue();
        assertThat(SocketType.fromName("stream")).isSameAs(SocketType.STREAM);
        assertThat(SocketType.STREAM.isDraft()).as("stable in libzmq 4.3").isFalse();
        assertThat(SocketType.STREAM.isSingleFrame()).as("[routing id][data]").isFalse();
    }

    @Test
    void dgramIsADraftOfTwoFramesWithNoZmtpPeer() {
        assertThat(SocketType.DGRAM.isDraft()).isTrue();
        assertThat(SocketType.DGRAM.isSingleFrame()).as("[address][body]").isFalse();
        assertThat(SocketType.DGRAM.compatiblePeers()).isEmpty();
        assertThat(SocketType.DGRAM.canSend() && SocketType.DGRAM.canReceive()).isTrue();
    }

    @Test
    void radioAndDishTalkOnlyToEachOther() {
        assertThat(SocketType.RADIO.compatiblePeers()).containsExactly(SocketType.DISH);
        assertThat(SocketType.DISH.compatiblePeers()).containsExactly(SocketType.RADIO);
    }
}
