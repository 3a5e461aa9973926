"""A printer on USB, spoken to directly through libusb (pyusb).

For printers that show up as a USB printer-class or vendor device rather
than a serial port or a system printer. libusb is a system library; where
it is missing (a stock Windows install, say) :func:`is_usable` is False and
the venue uses the system spooler or the printer's virtual COM port instead.
On Windows the printer also needs a libusb-compatible driver (Zadig/WinUSB).
"""

from __future__ import annotations

import contextlib
import functools
from typing import Any

from .base import LinkError

try:
    import usb.core
    import usb.util
except ImportError:  # pragma: no cover - pyusb is a dependency; kept optional at run time
    usb = None


@functools.cache
def _backend() -> Any:
    """The first libusb backend pyusb can load, or None (looked up once: each
    failed attempt logs an error)."""
    if usb is None:
        return None
    from usb.backend import libusb0, libusb1, openusb

    for module in (libusb1, libusb0, openusb):
        backend = module.get_backend()
        if backend is not None:
            return backend
    return None


def is_usable() -> bool:
    """pyusb is installed and found a libusb backend on this machine."""
    return _backend() is not None


def _bulk(direction: int) -> Any:
    def match(endpoint: Any) -> bool:
        return bool(
            usb.util.endpoint_direction(endpoint.bEndpointAddress) == direction
            and usb.util.endpoint_type(endpoint.bmAttributes) == usb.util.ENDPOINT_TYPE_BULK
        )

    return match


class UsbLink:
    """Two-way link to the USB device ``vendor_id``:``product_id``, through
    the bulk OUT endpoint of ``interface`` (and its bulk IN endpoint for
    status; a printer without one is one-way after :meth:`open`)."""

    two_way = True

    def __init__(
        self, vendor_id: int, product_id: int, interface: int = 0, timeout: float = 5.0
    ) -> None:
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.interface = interface
        self.timeout = timeout
        self._device: Any = None
        self._out: Any = None
        self._in: Any = None
        self._detached = False

    def open(self) -> None:
        if not is_usable():
            raise LinkError(
                "USB printing needs libusb, which is not installed on this computer "
                "(pyusb found no backend); install libusb-1.0, or connect the printer "
                "as a system printer or a serial port"
            )
        try:
            device = usb.core.find(
                idVendor=self.vendor_id, idProduct=self.product_id, backend=_backend()
            )
        except usb.core.USBError as exc:
            raise LinkError(f"cannot list USB devices: {exc}") from exc
        if device is None:
            raise LinkError(f"no USB device {self.describe()} (unplugged or switched off?)")
        try:
            self._detached = self._detach_kernel_driver(device)
            # Already configured, by the OS or an earlier open: keep its choice.
            with contextlib.suppress(usb.core.USBError):
                device.set_configuration()
            setting = device.get_active_configuration()[(self.interface, 0)]
            out = usb.util.find_descriptor(setting, custom_match=_bulk(usb.util.ENDPOINT_OUT))
            if out is None:
                raise LinkError(f"USB device {self.describe()} has no bulk OUT endpoint")
            usb.util.claim_interface(device, self.interface)
        except (usb.core.USBError, KeyError) as exc:
            self._release(device)
            raise LinkError(f"cannot use USB device {self.describe()}: {exc}") from exc
        except LinkError:
            self._release(device)
            raise
        self._device, self._out = device, out
        self._in = usb.util.find_descriptor(setting, custom_match=_bulk(usb.util.ENDPOINT_IN))
        self.two_way = self._in is not None

    def write(self, data: bytes) -> None:
        device = self._require()
        try:
            written = device.write(self._out, data, self._timeout_ms(self.timeout))
        except usb.core.USBTimeoutError as exc:
            raise LinkError(f"USB {self.describe()}: printer took no data in time") from exc
        except usb.core.USBError as exc:
            raise LinkError(f"USB {self.describe()}: {exc}") from exc
        if written != len(data):
            raise LinkError(f"USB {self.describe()}: sent {written} of {len(data)} bytes")

    def read(self, size: int, timeout: float) -> bytes:
        device = self._require()
        if self._in is None:
            return b""
        try:
            return bytes(device.read(self._in, size, self._timeout_ms(timeout)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise LinkError(f"USB {self.describe()}: {exc}") from exc

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            self._release(device)

    def describe(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"

    def _require(self) -> Any:
        if self._device is None:
            raise LinkError(f"{self.describe()} is not open")
        return self._device

    @staticmethod
    def _timeout_ms(seconds: float) -> int:
        return max(1, round(seconds * 1000))

    def _detach_kernel_driver(self, device: Any) -> bool:
        """Take the interface from the OS's printer driver (Linux usblp), which
        otherwise holds it; elsewhere there is nothing to detach."""
        try:
            if device.is_kernel_driver_active(self.interface):
                device.detach_kernel_driver(self.interface)
                return True
        except NotImplementedError:
            pass
        return False

    def _release(self, device: Any) -> None:
        """Give the device back as it was found; never raises."""
        try:
            usb.util.release_interface(device, self.interface)
            if self._detached:
                device.attach_kernel_driver(self.interface)
        except (usb.core.USBError, NotImplementedError):
            pass
        finally:
            self._detached = False
            usb.util.dispose_resources(device)
