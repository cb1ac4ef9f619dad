"""Coalition analytics over a stance graph: signed actor networks, camps, balance, time.

Plain functions whose first argument is the graph (or a network built from it):

- statements at a level (:func:`statements`), affiliation matrices (:func:`affiliation`) and
  signed actor networks (:func:`signed_network`, :func:`congruence_network`,
  :func:`conflict_network`), built with sparse linear algebra;
- how many camps the stances hold (:func:`count_camps`), and coalitions with their
  explanation (:func:`coalitions`, :func:`partition`, and
  :func:`coalitions_from_affiliation` for matrices summed elsewhere), exact
  (:func:`exact_partition`) or spectral (:func:`spectral_partition`), members seated by
  their camps' lines (:func:`seat_by_lines`, :func:`line_agreement`);
- :func:`outliers` of a bloc; :func:`balance_ratio`, :func:`frustration_index`,
  :func:`polarisation`; :func:`coalitions_over_time`;
- Discourse Network Analyzer's own networks (:func:`dna_network`, DNA 3's formulas, over
  :class:`DnaStatements`).
"""

from .balance import FrustrationIndex, balance_ratio, frustration_index, polarisation
from .camp_count import CampCount, count_camps
from .camp_lines import line_agreement, seat_by_lines
from .coalitions import (
    EXACT_MAX_ACTORS,
    METHODS,
    Coalition,
    CoalitionResult,
    Divide,
    Stand,
    camps_of,
    coalitions,
    coalitions_from_affiliation,
    partition,
)
from .dna_network import DnaNetwork, dna_network, dna_time_windows
from .dna_statements import DnaStatements
from .exact import ExactSolution, exact_partition
from .networks import (
    ACTOR_TARGETS,
    NORMALIZATIONS,
    Affiliation,
    affiliation,
    conflict_network,
    congruence_network,
    signed_network,
)
from .outliers import Outlier, outliers
from .over_time import Period, Switch, Timeline, coalitions_over_time
from .signed import (
    FactoredNetwork,
    SignedNetwork,
    beyond_expectation,
    canonical_labels,
    frustration,
)
from .spectral import spectral_partition
from .statements import BROADER, DEDUPE, LEVELS, STRENGTH, Statements, statements

__all__ = [
    "ACTOR_TARGETS",
    "Affiliation",
    "BROADER",
    "CampCount",
    "Coalition",
    "CoalitionResult",
    "DEDUPE",
    "Divide",
    "DnaNetwork",
    "DnaStatements",
    "EXACT_MAX_ACTORS",
    "ExactSolution",
    "FactoredNetwork",
    "FrustrationIndex",
    "LEVELS",
    "METHODS",
    "NORMALIZATIONS",
    "Outlier",
    "Period",
    "STRENGTH",
    "SignedNetwork",
    "Stand",
    "Statements",
    "Switch",
    "Timeline",
    "affiliation",
    "balance_ratio",
    "beyond_expectation",
    "camps_of",
    "canonical_labels",
    "coalitions",
    "coalitions_from_affiliation",
    "coalitions_over_time",
    "conflict_network",
    "congruence_network",
    "count_camps",
    "dna_network",
    "dna_time_windows",
    "exact_partition",
    "frustration",
    "frustration_index",
    "line_agreement",
    "outliers",
    "partition",
    "polarisation",
    "seat_by_lines",
    "signed_network",
    "spectral_partition",
    "statements",
]
