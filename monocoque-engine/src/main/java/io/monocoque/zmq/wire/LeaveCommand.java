package io.monocoque.zmq.wire;

/** The LEAVE command (ZMTP 3.1) by which a DISH peer withdraws one group it joined. */
public final class LeaveCommand extends GroupCommand {

    /**
     * @param group 0 to 255 bytes, none of them zero
     * @throws ZmtpProtocolException for a group RFC 48 does not allow
     */
    public LeaveCommand(byte[] group) {
        super(checkGroup(group.clone(), LEAVE));
    }

    LeaveCommand(byte[] checkedGroup, boolean unused) {
        super(checkedGroup);
    }

    @Override
    public String name() {
        return LEAVE;
    }
}
