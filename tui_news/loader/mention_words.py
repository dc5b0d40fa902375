"""The fixed words the mention finder reads names by: titles taken off a name, words that sit
inside one, calendar words, words that make a run an organisation, well-known organisations."""

from __future__ import annotations

import re

TOKEN = re.compile(r"[A-Z][\w’'.\-]*|[a-z]+|[^\w\s]+|\d[\w.,]*", re.UNICODE)
NAME_CONNECTORS = frozenset("de del der van von bin al el la le du da".split())
#: Lowercase words that may sit inside a name ("Bank of England", "Osama bin Laden").
CONNECTORS = NAME_CONNECTORS | {"of", "and", "for", "the", "on"}

TITLES = frozenset(
    """
    president vice prime minister foreign defence defense finance interior secretary special
    envoy supreme leader mr mrs ms miss dr sir dame lord lady senator sen rep representative
    governor mayor chancellor king queen prince princess pope chief executive ceo cfo
    chairman chairwoman chair director judge justice officer captain colonel general gen lt
    lieutenant sergeant admiral sheikh ayatollah imam rabbi father reverend rev professor
    prof coach manager striker midfielder defender goalkeeper spokesman spokeswoman
    spokesperson ambassador commissioner minister-president deputy former late acting
    premier crown u.s. us uk eu un state national foreign-minister iranian israeli american
    british french german russian chinese ukrainian palestinian saudi indian japanese said
    told says according when while after before but and as
    """.split()
)
CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december
    """.split()
)
NOT_NAMES = CALENDAR_WORDS | frozenset(
    """
    the a an this that these those it he she they we i you his her their our in on at for
    with from by to of and but or if when while after before during since until as according
    also however meanwhile yet still new old north south east west central northern southern
    eastern western
    """.split()
)
ORG_WORDS = frozenset(
    """
    agency ministry office bank inc inc. corp corp. corporation ltd ltd. llc plc group
    university college school party council committee association company co co. court
    commission parliament senate congress department government union organization
    organisation foundation institute airlines airways press times post news journal herald
    guardian telegraph tribune gazette daily network broadcasting television radio club fc
    united city league federation authority army navy force forces police service services
    board fund trust bureau center centre hospital museum church embassy assembly cabinet
    administration alliance coalition movement front brigade brigades guard corps industries
    holdings motors energy technologies systems media studios records reserve exchange
    markets capital partners
    """.split()
)
KNOWN_ORGS = frozenset(
    """
    Reuters AP AFP BBC CNN NATO UN EU IAEA OPEC WHO IMF FBI CIA NSA NASA Google Apple
    Microsoft Amazon Meta Facebook Twitter Tesla Nvidia Intel IBM Samsung Sony Toyota Boeing
    Airbus Netflix Disney Pentagon Kremlin Hamas Hezbollah Taliban Congress Parliament
    Senate Unicef Unesco Interpol Fifa Uefa WTO OECD Bloomberg Yahoo Vodafone Nokia
    """.split()
)
ORG_PHRASES = frozenset({"White House", "Downing Street", "Wall Street", "Silicon Valley"})
