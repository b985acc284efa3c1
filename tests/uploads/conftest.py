from tests.contracts.conftest import (  # noqa: F401  (contract fixtures for the submission use)
    _settings,
    contract,
    funded_milestone,
    hirer,
    milestone,
    stranger,
    worker,
)
from tests.messaging.conftest import conversation  # noqa: E402,F401  (message attachments)
