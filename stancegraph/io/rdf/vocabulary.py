"""The stancegraph vocabulary as a closed rdflib namespace, and the IRIs the mapping uses.

The terms are those ``ontology/stancegraph.ttl`` declares; a test checks that the two agree, so
a term the ontology does not declare cannot be used (``SG.Unknown`` raises ``AttributeError``).
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["NS", "SG", "WIKIDATA", "DEFAULT_BASE"]

#: The namespace of the stancegraph ontology.
NS = "https://w3id.org/stancegraph/ns#"
#: Where Wikidata's entity IRIs live.
WIKIDATA = "http://www.wikidata.org/entity/"
#: The base IRI of exported data unless the caller gives one.
DEFAULT_BASE = "https://w3id.org/stancegraph/data/"


class SG(DefinedNamespace):
    """Terms of ``https://w3id.org/stancegraph/ns#`` (see ``ontology/stancegraph.ttl``)."""

    _NS = Namespace(NS)
    _fail = True

    # Classes
    Actor: URIRef
    Person: URIRef
    State: URIRef
    Organization: URIRef
    Bloc: URIRef
    Position: URIRef
    Agreement: URIRef
    PolicyOption: URIRef
    Claim: URIRef
    Source: URIRef
    Stance: URIRef
    Support: URIRef
    Opposition: URIRef
    Skepticism: URIRef
    DerivedStance: URIRef
    ActorRelation: URIRef
    MemberOf: URIRef
    Leads: URIRef
    SpeaksFor: URIRef
    TalksWith: URIRef
    Asked: URIRef
    # Concepts and schemes
    OnRecord: URIRef
    Anonymous: URIRef
    FromDocument: URIRef
    Reported: URIRef
    StanceRelations: URIRef
    RelationKinds: URIRef
    AttributionKinds: URIRef
    ActorTypes: URIRef
    # Properties of nodes
    tag: URIRef
    role: URIRef
    member: URIRef
    broader: URIRef
    signedOn: URIRef
    party: URIRef
    publisherName: URIRef
    authorName: URIRef
    reportedIn: URIRef
    # Properties of stances and relations
    holder: URIRef
    target: URIRef
    statedOn: URIRef
    source: URIRef
    speaker: URIRef
    quote: URIRef
    attribution: URIRef
    confidence: URIRef
    intensity: URIRef
    condition: URIRef
    exceptMember: URIRef
    retracted: URIRef
    retractedOn: URIRef
    supersededBy: URIRef
    note: URIRef
    strength: URIRef
    rolledUpAlong: URIRef
    rollupPath: URIRef
    subject: URIRef
    object: URIRef
    about: URIRef
    startDate: URIRef
    endDate: URIRef
    # Shortcuts
    supports: URIRef
    opposes: URIRef
    skepticalOf: URIRef
    memberOf: URIRef
    leads: URIRef
    speaksFor: URIRef
    talksWith: URIRef
    asked: URIRef
