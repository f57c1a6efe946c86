"""QR codes as inline SVG (no image files, prints sharply): the call's public link, the key
of an authenticator app."""

import qrcode
import qrcode.image.svg


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")
