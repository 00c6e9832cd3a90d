"""ggzy: open data and credit information from China's public resource trading centres."""

__version__ = "0.1.0"
