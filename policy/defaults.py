"""The handbook every approved organisation starts with, for its admin to adapt.

Drawn from the field's own sources (the #Awareness announcement and the chapter on digital
youth work): a vision that says why online work matters, facilities, one uniform way of
appearing online, do's and don'ts, an honest availability rule, unambiguous rules for signals
and privacy. It is the organisation's text, so it is Dutch and stored as data, not translated.
"""

from policy.models import SectionKey

# (key, title, text in Markdown)
SECTIONS: list[tuple[str, str, str]] = [
    (SectionKey.VISION, "Visie op online werken", """\
Jongeren maken geen onderscheid tussen online en offline: hun leven speelt zich voor een groot deel af op
sociale media. Wij zijn als jongerenwerkers daar waar de jongeren zijn, dus ook online. **De jeugd bepaalt
onze inzet.**

Online werken is een vast onderdeel van ons werk, geen extraatje. Het levert ons op:

- **laagdrempelig contact**: een appje of een DM sturen is voor veel jongeren makkelijker dan ons op
  straat aanspreken;
- **inzicht in de leefwereld** van jongeren: wat ze belangrijk vinden, waar ze mee bezig zijn, welke
  vragen ze hebben;
- **vroegsignalering**: we zien eerder wanneer iets misgaat (een vechtpartij die wordt aangekondigd,
  exposen, lachgas, criminaliteit);
- **bereik**: we bereiken ook jongeren die we op straat niet kennen, en één bericht werft vaak meer
  deelnemers voor een activiteit dan een affiche.

We werken **blended**: online en offline versterken elkaar en we verbinden die twee werelden steeds.
Ons richtgetal is ongeveer een kwart van ons werk online en driekwart offline. Wat we online zien,
toetsen we offline, en andersom.

Een jongerenwerker helpt en ondersteunt, ook online. Het grootste deel van wat we online doen is
positief en steunend; een klein deel is waarschuwend ("niet doen joh"). Zo houden we het ook.
"""),
    (SectionKey.FACILITIES, "Faciliteiten", """\
Als organisatie willen we dat je online werkt, dus stellen we je daartoe in staat:

1. **Een visie** op online werken die het belang ervan onderschrijft: dit handboek.
2. **Goed materiaal**: een werktelefoon en een laptop van de organisatie. Je gebruikt je privételefoon
   niet voor werkcontacten met jongeren.
3. **Voldoende online werktijd**: online werken staat in je rooster, net als straatwerk. Je
   leidinggevende bespreekt met je hoeveel uur per week dat is.
4. **Training**: iedereen volgt de #Awareness-training over online jongerenwerk, leidinggevenden
   inbegrepen, zodat we één gedragen visie hebben.

Ontbreekt er iets of werkt je telefoon niet goed? Meld het bij je leidinggevende.
"""),
    (SectionKey.UNIFORM_PROFILE, "Het uniforme profiel", """\
Op sociale media moet een jongere in één oogopslag zien dat je jongerenwerker van onze organisatie
bent. Niet ieder voor zich, maar uniform:

- hetzelfde **logo** van de organisatie als profielfoto;
- een **bio volgens een vast stramien**: je functie bij de organisatie, je werktijden en de link naar
  de noodpagina;
- een **handle volgens het patroon** dat de beheerder per platform vastlegt;
- **gesloten profielen**, die niet openbaar toegankelijk zijn;
- je werkprofiel is gescheiden van je privéprofiel.

Je registreert je werkprofielen in het portaal. Het portaal vergelijkt ze met de regels per platform
en laat je precies zien wat afwijkt. Elk half jaar bevestig je dat je profiel nog klopt.
"""),
    (SectionKey.DOS_AND_DONTS, "Do's en don'ts", """\
### Doen

- Wees herkenbaar en consequent in je rol: je bent online dezelfde jongerenwerker als op straat.
- Wacht tot een jongere je uitnodigt in zijn of haar online omgeving; bouw eerst vertrouwen op.
- Houd 1-op-1-contact bij voorkeur op één of twee platforms (bijvoorbeeld WhatsApp Business en het
  platform dat de jongeren in je wijk het meest gebruiken). Vraag jongeren zelf welk platform dat is.
- Deel informatie en advies, en reageer op vragen, met oog voor je positie.
- Bespreek wat je online ziet in de collegiale consultatie voordat je erop handelt.

### Niet doen

- Geen privéaccounts gebruiken voor werk, en geen werkcontacten op je privételefoon.
- Geen screenshots van jongeren delen buiten de afgesproken weg (zie *Signalen en protocollen*).
- Niet reageren in het openbaar op iets wat privé hoort; neem het gesprek 1-op-1 of offline.
- Niet meegaan in uitdagingen, ruzies of exposen, ook niet met een grap.
"""),
    (SectionKey.AVAILABILITY, "Bereikbaarheid", """\
Altijd online zijn en direct reageren past niet bij een professionele houding, en het is de grootste
valkuil van online werken. Onze afspraak is eerlijk en duidelijk:

> Ik ben 24/7 online te vinden, maar ik werk een vast aantal uur per week. Ik lees je berichten en
> reageer op mijn moment.

- Je werktijden staan in je bio.
- Buiten je werktijd reageer je niet, tenzij je daar bewust voor kiest. Uitzonderingen zijn er, en dat
  is een professionele keuze: bijvoorbeeld een berichtje vooraf aan een jongere die een moeilijk
  gesprek op school heeft.
- In een noodsituatie verwijs je naar de noodpagina met hulplijnen die voor jongeren altijd bereikbaar
  zijn.
- Contacten buiten werktijd registreer je, zodat we zien of iemand te veel bereikbaar is.
"""),
    (SectionKey.SIGNALS, "Signalen en protocollen", """\
Online uitingen zijn makkelijk verkeerd te lezen: wie een bericht plaatst, codeert het op een eigen
manier, en wij decoderen het op onze manier. Daarom wegen we elk signaal samen, online én offline,
voordat we handelen.

1. **Breng het signaal in kaart**: leg in het portaal vast wat je zag, zo letterlijk mogelijk, en apart
   wat je denkt dat het betekent.
2. **Overleg** met een collega in de collegiale consultatie, en waar nodig met de
   aandachtsfunctionaris of Veilig Thuis.
3. **Praat** met de jongere, als dat veilig kan.
4. **Weeg** het risico.
5. **Beslis**: hulp organiseren, melden, delen met een partner, blijven volgen of afsluiten.

Over **criminaliteit** zijn de regels eenduidig: je handelt nooit alleen, je vertelt het binnen de
termijn die het protocol noemt aan wie het protocol noemt, en je deelt niets met partners zonder dat
de aandachtsfunctionaris dat besluit.

Hieronder staat per categorie het protocol zoals het nu geldt.
"""),
    (SectionKey.PRIVACY, "Privacy", """\
De gegevens gaan over jongeren, vaak minderjarig. Privacy is de grondregel:

- Registreer jongeren onder een alias of handle, nooit met hun echte naam.
- Schrijf alleen op wat het werk helpt; geen adressen of telefoonnummers.
- Beelden van sexting of grooming sla je nooit op en stuur je nooit door: het bezit ervan kan strafbaar
  zijn. Beschrijf wat je zag.
- Je werkprofielen zijn gesloten. Je volgt geen jongeren met je privéaccount.
- Wat we delen met partners (school, politie, gemeente) wordt vastgelegd en gaat als een ingekorte
  samenvatting de deur uit.
"""),
]
