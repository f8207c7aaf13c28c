"""The one table of channels: whether a contact on it is online, whether it is synchronous by
default, and which signal source it maps to. The dashboards show this table as their legend.

Online means "not face to face": a phone or video call counts as online work, as messages do
(the organisation's 25% online target is about work at a distance). Synchronous means both
are there at once (a call, a conversation); messages back and forth are not, unless the worker
says the chat was live.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    INSTAGRAM = "instagram", "Instagram DM"
    SNAPCHAT = "snapchat", "Snapchat"
    TIKTOK = "tiktok", "TikTok"
    MESSENGER = "messenger", "Facebook Messenger"
    TELEGRAM = "telegram", "Telegram"
    DISCORD = "discord", "Discord"
    OTHER_ONLINE = "online", _("other online")
    PHONE = "telefoon", _("phone call")
    VIDEO = "video", _("video call")
    STREET = "straat", _("face to face on the street")
    YOUTH_CENTRE = "jongerencentrum", _("at the youth centre")
    SCHOOL = "school", _("at school")
    HOME_VISIT = "huisbezoek", _("home visit")


@dataclass(frozen=True)
class ChannelKind:
    online: bool
    synchronous: bool
    # The signal form's source for a signal logged from such a contact ("" when none fits).
    signal_source: str


CHANNELS: dict[str, ChannelKind] = {
    Channel.WHATSAPP: ChannelKind(online=True, synchronous=False, signal_source="whatsapp"),
    Channel.INSTAGRAM: ChannelKind(online=True, synchronous=False, signal_source="instagram"),
    Channel.SNAPCHAT: ChannelKind(online=True, synchronous=False, signal_source="snapchat"),
    Channel.TIKTOK: ChannelKind(online=True, synchronous=False, signal_source="tiktok"),
    Channel.MESSENGER: ChannelKind(online=True, synchronous=False, signal_source="facebook"),
    Channel.TELEGRAM: ChannelKind(online=True, synchronous=False, signal_source="telegram"),
    Channel.DISCORD: ChannelKind(online=True, synchronous=False, signal_source="online"),
    Channel.OTHER_ONLINE: ChannelKind(online=True, synchronous=False, signal_source="online"),
    Channel.PHONE: ChannelKind(online=True, synchronous=True, signal_source="online"),
    Channel.VIDEO: ChannelKind(online=True, synchronous=True, signal_source="online"),
    Channel.STREET: ChannelKind(online=False, synchronous=True, signal_source="straat"),
    Channel.YOUTH_CENTRE: ChannelKind(online=False, synchronous=True, signal_source="jongerencentrum"),
    Channel.SCHOOL: ChannelKind(online=False, synchronous=True, signal_source="school"),
    Channel.HOME_VISIT: ChannelKind(online=False, synchronous=True, signal_source=""),
}

ONLINE_CHANNELS = frozenset(channel for channel, kind in CHANNELS.items() if kind.online)


def channel_bit(channel: str) -> int:
    """The channel's bit in a roll-up's channel mask."""
    return 1 << Channel.values.index(channel)


def is_online(channel: str) -> bool:
    return CHANNELS[channel].online


def is_synchronous_by_default(channel: str) -> bool:
    return CHANNELS[channel].synchronous


def legend() -> list[dict]:
    """The table as the dashboards show it: each channel with its label and kind."""
    return [
        {"channel": channel, "label": channel.label, "online": kind.online, "synchronous": kind.synchronous}
        for channel, kind in ((Channel(value), CHANNELS[value]) for value in Channel.values)
    ]
