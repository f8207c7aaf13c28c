"""What every organisation starts with: the emergency page's text and the national Dutch help
lines (public services, not people), which its admin may edit."""

from contacts.channels import Channel

AVAILABILITY_NL = (
    "Je vindt ons 24/7 online, maar we werken een aantal uur per week en antwoorden op ons moment. "
    "Kun je ons niet bereiken en heb je nu hulp nodig? Bel of chat dan met een van de lijnen hieronder."
)
AVAILABILITY_EN = (
    "You can find us online 24/7, but we work a number of hours a week and answer when we can. "
    "Can't reach us and need help now? Call or chat with one of the lines below."
)

# (name, phone, url, when to use it in Dutch, in English)
HELP_LINES = [
    ("112", "112", "",
     "Bij direct gevaar: politie, brandweer of ambulance.",
     "In immediate danger: police, fire brigade or ambulance."),
    ("Politie (geen spoed)", "0900-8844", "",
     "De politie bellen als het geen spoed is.",
     "Call the police when it is not an emergency."),
    ("De Kindertelefoon", "0800-0432", "https://www.kindertelefoon.nl",
     "Praat gratis en anoniem over alles wat je dwarszit, tot 18 jaar. Bellen of chatten.",
     "Talk for free and anonymously about anything that bothers you, up to 18. Call or chat."),
    ("113 Zelfmoordpreventie", "0800-0113", "https://www.113.nl",
     "Denk je aan zelfmoord? Bel gratis en anoniem of chat, dag en nacht.",
     "Thinking about suicide? Call for free and anonymously or chat, day and night."),
    ("Veilig Thuis", "0800-2000", "https://veiligthuis.nl",
     "Bij geweld of mishandeling thuis. Gratis en anoniem.",
     "Violence or abuse at home. Free and anonymous."),
    ("Meld Misdaad Anoniem", "0800-7000", "https://www.meldmisdaadanoniem.nl",
     "Meld een misdaad zonder dat iemand weet dat jij het bent.",
     "Report a crime without anyone knowing it was you."),
    ("Helpwanted", "", "https://www.helpwanted.nl",
     "Hulp bij online seksueel misbruik, zoals sextortion of een naaktfoto die rondgaat.",
     "Help with online sexual abuse, such as sextortion or a nude photo being shared."),
]

ALL_CHANNELS = list(Channel.values)
