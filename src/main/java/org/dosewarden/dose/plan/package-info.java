/**
 * From a prescription to what a pump runs: the planner turns a prescription into steps of rate and volume
 * to be infused, each floored to the pump's resolution (toward less drug), and the program a channel loads.
 */
package org.dosewarden.dose.plan;
