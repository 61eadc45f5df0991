using Microsoft.Win32.SafeHandles;

namespace MusicGen.Live.Ports.Jack;

/// <summary>Owns one <c>jack_client_t*</c>; releasing it closes the client (which also deactivates it and frees its ports).</summary>
internal sealed class JackClientHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public JackClientHandle()
        : base(ownsHandle: true)
    {
    }

    public JackClientHandle(IntPtr client)
        : base(ownsHandle: true) => SetHandle(client);

    protected override bool ReleaseHandle()
    {
        // After a server crash jack_client_close reports failure yet frees the client; nothing more to do either way.
        _ = JackNative.ClientClose(handle);
        return true;
    }
}
