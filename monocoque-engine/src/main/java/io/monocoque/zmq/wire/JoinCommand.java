package io.monocoque.zmq.wire;

/** The JOIN command (ZMTP 3.1) by which a DISH peer asks a RADIO for the messages of one group. */
public final class JoinCommand extends GroupCommand {

    /**
     * @param group 0 to 255 bytes, none of them zero
     * @throws ZmtpProtocolException for a group RFC 48 does not allow
     */
    public JoinCommand(byte[] group) {
        super(checkGroup(group.clone(), JOIN));
    }

    JoinCommand(byte[] checkedGroup, boolean unused) {
        super(checkedGroup);
    }

    @Override
    public String name() {
        return JOIN;
    }
}
