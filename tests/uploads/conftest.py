from tests.contracts.conftest import (  # noqa: F401  (contract fixtures for the submission use)
    _settings,
    contract,
    funded_milestone,
    hirer,
    milestone,
    stranger,
    worker,
)
