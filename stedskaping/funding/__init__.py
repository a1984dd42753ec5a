"""Crowdfunding: campaigns, pledges of money, materials and hours, matchfunding."""
